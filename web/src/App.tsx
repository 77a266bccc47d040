import { useEffect, useRef } from "react";
import { NavLink, Route, Routes, useLocation, useParams } from "react-router-dom";
import { KeyDialog } from "./components/KeyDialog";
import { CreatePage } from "./pages/CreatePage";
import { JobPage } from "./pages/JobPage";
import { JobsPage } from "./pages/JobsPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OperationsPage } from "./pages/OperationsPage";

/** The shell: skip link, navigation, the routed page and the API key dialog. */
export function App() {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After client-side navigation, move focus to the new page so keyboard and screen reader users start at its top.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <span className="brand" aria-hidden="true">
          ♪ MusicVideo
        </span>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Create
              </NavLink>
            </li>
            <li>
              <NavLink to="/jobs" end>
                Jobs
              </NavLink>
            </li>
            <li>
              <NavLink to="/operations">Operations</NavLink>
            </li>
          </ul>
        </nav>
        <KeyDialog />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Routes>
          <Route path="/" element={<CreatePage />} />
          <Route path="/jobs" element={<JobsPage />} />
          <Route path="/jobs/:jobId" element={<JobRoute />} />
          <Route path="/operations" element={<OperationsPage />} />
          <Route path="/operations/:instanceId" element={<OperationsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </>
  );
}

/** A fresh job page per job id: following a new cut starts from an empty state, never the previous cut's. */
function JobRoute() {
  const { jobId = "" } = useParams();
  return <JobPage key={jobId} jobId={jobId} />;
}
