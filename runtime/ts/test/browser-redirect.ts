// A page script for the browser test: a server function whose answer asks for a redirect
// (the serverfnredirect header) makes the page navigate there, with no onRedirect given.

import { ping } from "../../../gen/ts/golden/echo.js";

await ping({
  fetch: async () => new Response("null", { headers: { serverfnredirect: "1", location: "/landed" } }),
});
