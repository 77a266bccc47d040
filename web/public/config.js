// Run-time settings of the MusicVideo web UI. Edit this file in the built folder (web/dist/config.js) to point the
// same build at another API host, e.g. the Azure Functions app: apiBase: "https://my-app.azurewebsites.net".
// An empty apiBase means "the server that serves these files"; the build-time VITE_API_BASE is the fallback.
window.MV_CONFIG = {
  apiBase: "",
};
