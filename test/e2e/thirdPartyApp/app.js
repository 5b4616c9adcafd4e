// The app after the redirect: fhirclient completes the code exchange, then the app reads the
// patient, the vital signs, the latest NEWS2 score and the municipal services, and refreshes
// its token, writing what it got into the page (the e2e spec reads it from there).
/* global FHIR */
(async function main() {
  const show = (id, text) => {
    document.getElementById(id).textContent = text;
  };
  try {
    const client = await FHIR.oauth2.ready();
    const token = client.state.tokenResponse;
    show('granted-scope', token.scope);
    show('need-patient-banner', String(token.need_patient_banner));
    show('smart-style-url', token.smart_style_url ?? '(ingen)');

    const patient = await client.patient.read();
    const name = patient.name?.[0];
    show('patient-name', [...(name?.given ?? []), name?.family].filter(Boolean).join(' '));
    show('patient-id', patient.id);

    const id = encodeURIComponent(patient.id);
    const vitals = await client.request(`Observation?patient=${id}&category=vital-signs&_count=200`);
    show('vitals-count', String(vitals.entry?.length ?? 0));

    const news2 = await client.request(`Observation?patient=${id}&category=survey&_sort=-date&_count=1`);
    const latest = news2.entry?.[0]?.resource;
    show('news2-score', latest ? String(latest.valueInteger ?? latest.valueQuantity?.value) : 'ukjent');
    show('news2-derived-from', String(latest?.derivedFrom?.length ?? 0));

    const services = await client.request(
      `EpisodeOfCare?patient=${id}&_include=EpisodeOfCare:incoming-referral&_include:iterate=ServiceRequest:performer`,
    );
    const names = (services.entry ?? [])
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'HealthcareService')
      .map((r) => r.name);
    show('services', names.join(', ') || '(ingen)');

    if (client.getState('tokenResponse.refresh_token')) {
      const before = client.getState('tokenResponse.access_token');
      await client.refresh();
      show('refreshed', client.getState('tokenResponse.access_token') !== before ? 'ja' : 'nei');
    } else show('refreshed', 'ingen refresh_token');
    show('status', 'ferdig');
  } catch (error) {
    show('status', `feil: ${error instanceof Error ? error.message : String(error)}`);
  }
})();
