// Standalone launch: the FHIR base comes as ?iss=…; the app asks the server to pick a patient.
/* global FHIR */
fetch('client.json')
  .then((r) => r.json())
  .then((app) =>
    FHIR.oauth2.authorize({
      iss: new URLSearchParams(location.search).get('iss'),
      clientId: app.clientId,
      scope: 'launch/patient openid fhirUser patient/*.rs offline_access',
      redirectUri: 'index.html',
    }),
  );
