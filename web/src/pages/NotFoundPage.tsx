import { Link } from "react-router-dom";
import { useTitle } from "../components/useTitle";

/** Client routes that do not exist. */
export function NotFoundPage() {
  useTitle("Page not found");
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Create a music video</Link> or open the <Link to="/jobs">job list</Link>.
      </p>
    </section>
  );
}
