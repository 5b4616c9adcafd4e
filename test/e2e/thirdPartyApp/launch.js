// EHR launch: the EPJ opened launch.html?iss=…&launch=…; fhirclient reads both from the
// address, discovers the server and sends the browser to its authorization endpoint.
/* global FHIR */
fetch('client.json')
  .then((r) => r.json())
  .then((app) =>
    FHIR.oauth2.authorize({
      clientId: app.clientId,
      scope: 'launch openid fhirUser patient/*.rs online_access',
      redirectUri: 'index.html',
    }),
  );
