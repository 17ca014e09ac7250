// Starts Swagger UI on the API documentation page (/api/v1/docs/). Our own file, so the
// page runs under the site's CSP (script-src 'self', no inline script).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var fallback = document.getElementById("api-operations");
  window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: false,
    validatorUrl: null,
    onComplete: function () {
      if (fallback) {
        fallback.hidden = true;
      }
    },
  });
})();
