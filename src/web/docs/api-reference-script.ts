/**
 * /docs/assets/api-reference.js: starts Swagger UI on /docs/api with every description in its top
 * bar, and — only when the gateway was started with the sandbox on — fills each description's
 * security scheme with the demo merchant's published key as the description is loaded (a Swagger UI
 * plugin wrapping `updateJsonSpec`), so "Try it out" answers at once. Served as a file, not inline,
 * so the page's CSP can say script-src 'self'. Built once at start from the catalog.
 */
import type { DocsApi } from './docs-catalog.js';

const specUrl = (a: DocsApi) => `/docs/openapi/${a.name}.yaml`;

export function apiReferenceScript(apis: readonly DocsApi[]): string {
  const config = {
    urls: apis.map((a) => ({ url: specUrl(a), name: a.title })),
    demoAuth: Object.fromEntries(apis.flatMap((a) => (a.demoAuth ? [[specUrl(a), a.demoAuth]] : []))),
  };
  return `'use strict';
(function () {
  var config = ${JSON.stringify(config)};
  var names = config.urls.map(function (u) { return u.name; });
  var asked = new URLSearchParams(window.location.search).get('urls.primaryName');
  function demoAuth(system) {
    return {
      statePlugins: {
        spec: {
          wrapActions: {
            updateJsonSpec: function (original) {
              return function () {
                var result = original.apply(null, arguments);
                var auth = config.demoAuth[system.specSelectors.url()];
                if (auth && auth.basic) system.preauthorizeBasic(auth.scheme, auth.basic.username, auth.basic.password);
                else if (auth) system.preauthorizeApiKey(auth.scheme, auth.token);
                return result;
              };
            },
          },
        },
      },
    };
  }
  window.ui = SwaggerUIBundle({
    dom_id: '#swagger-ui',
    urls: config.urls,
    'urls.primaryName': names.indexOf(asked) >= 0 ? asked : names[0],
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl, demoAuth],
    layout: 'StandaloneLayout',
    deepLinking: true,
    validatorUrl: null,
    displayRequestDuration: true,
    persistAuthorization: false,
  });
})();
`;
}
