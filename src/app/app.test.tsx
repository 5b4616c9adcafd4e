import './testing/autoCleanup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeOfflineClient } from './testing/fakeOfflineClient';
import { kari, readyView } from './testing/fixtures';
import { renderApp, session } from './testing/renderApp';

afterEach(() => sessionStorage.clear());

const per = {
  id: 'pat-per',
  name: 'Per Pasientsen',
  fnr: '02023012345',
  birthDate: '1930-02-02',
  gender: 'male' as const,
};

describe('the launched app', () => {
  it('shows the launched patient with banner, NEWS2 and services, with no patient data in URL or title', async () => {
    const client = createFakeOfflineClient({ views: { 'pat-kari': readyView() } });
    const { router } = renderApp({ client, session: session(), path: '/oversikt' });
    const banner = await screen.findByRole('region', { name: 'Pasient' });
    expect(banner).toHaveTextContent('Kari Testesen');
    expect(screen.getByRole('region', { name: 'NEWS2 nå' })).toHaveTextContent('NEWS2 3');
    expect(screen.getByRole('region', { name: 'Kommunale tjenester' })).toHaveTextContent(
      'Hjemmesykepleie sone Nord',
    );
    expect(screen.getByText(/Alt er sendt/)).toBeInTheDocument();
    expect(router.state.location.href).toBe('/oversikt');
    await waitFor(() => expect(document.title).toBe('Oversikt – Varde'));
    expect(document.title).not.toContain(kari.name);
  });

  it('moves focus to the new page heading on a client-side navigation, not on the first load', async () => {
    const client = createFakeOfflineClient({ views: { 'pat-kari': readyView() } });
    renderApp({ client, session: session(), path: '/oversikt' });
    await screen.findByRole('region', { name: 'Pasient' });
    expect(document.body).toHaveFocus();
    await userEvent.click(screen.getByRole('link', { name: 'Trender' }));
    const heading = await screen.findByRole('heading', { name: 'Trender', level: 1 });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(heading).toHaveAttribute('tabindex', '-1');
    await userEvent.click(screen.getByRole('link', { name: 'Oversikt' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Oversikt', level: 1 })).toHaveFocus());
  });

  it('keeps a compact identity line when need_patient_banner is false', async () => {
    const client = createFakeOfflineClient({ views: { 'pat-kari': readyView() } });
    renderApp({ client, session: session({ needPatientBanner: false }), path: '/oversikt' });
    const banner = await screen.findByRole('region', { name: 'Pasient' });
    expect(banner).toHaveTextContent('Kari Testesen · 120940 12345');
  });

  it('asks for the PIN before showing any patient data', async () => {
    const client = createFakeOfflineClient({ views: { 'pat-kari': readyView() }, lock: 'locked' });
    renderApp({ client, session: session(), path: '/oversikt' });
    await screen.findByRole('heading', { name: 'Skriv PIN-koden' });
    expect(screen.queryByText('Kari Testesen')).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('PIN-kode'), '1234');
    await userEvent.click(screen.getByRole('button', { name: 'Lås opp' }));
    expect(await screen.findByRole('region', { name: 'Pasient' })).toHaveTextContent('Kari Testesen');
  });

  it('keeps a half-typed measurement through an idle lock', async () => {
    const client = createFakeOfflineClient({ views: { 'pat-kari': readyView() } });
    renderApp({ client, session: session(), path: '/maling' });
    await userEvent.type(await screen.findByLabelText(/Temperatur/), '38,2');
    act(() => client.setLock('locked'));
    expect(await screen.findByRole('heading', { name: 'Skriv PIN-koden' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Pasient' })).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('PIN-kode'), '1234');
    await userEvent.click(screen.getByRole('button', { name: 'Lås opp' }));
    expect(await screen.findByLabelText(/Temperatur/)).toHaveValue('38,2');
  });

  it('asks before leaving a measurement that is not saved', async () => {
    const client = createFakeOfflineClient({ views: { 'pat-kari': readyView() } });
    const { router } = renderApp({ client, session: session(), path: '/maling' });
    await userEvent.type(await screen.findByLabelText(/Temperatur/), '38,2');
    await userEvent.click(screen.getByRole('link', { name: 'Oversikt' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('Målingen er ikke lagret');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Bli i skjemaet' }));
    expect(router.state.location.pathname).toBe('/maling');
    expect(screen.getByLabelText(/Temperatur/)).toHaveValue('38,2');
  });

  it('clears the previous patient when the nurse picks another one', async () => {
    const client = createFakeOfflineClient({
      views: { 'pat-kari': readyView() },
      worklist: {
        kind: 'ready',
        fetchedAt: '2026-11-25T08:00:00Z',
        stale: false,
        data: [
          { patient: kari, overdue: false },
          { patient: per, overdue: false },
        ],
      },
    });
    renderApp({ client, session: session({ kind: 'standalone', patient: undefined }), path: '/pasienter' });
    await userEvent.click(await screen.findByRole('button', { name: /Kari Testesen/ }));
    expect(await screen.findByRole('region', { name: 'Pasient' })).toHaveTextContent('Kari Testesen');

    await userEvent.click(screen.getByRole('link', { name: 'Mine pasienter' }));
    await userEvent.click(await screen.findByRole('button', { name: /Per Pasientsen/ }));
    // Per's data are not loaded yet: nothing of Kari may remain on screen.
    await waitFor(() => expect(screen.queryByText(/Kari Testesen/)).not.toBeInTheDocument());
    expect(screen.queryByText('Hjemmesykepleie sone Nord')).not.toBeInTheDocument();
    expect(within(document.body).getByText(/Henter pasient/)).toBeInTheDocument();
  });

  it('sends a user without a session to the start page', async () => {
    const client = createFakeOfflineClient();
    renderApp({ client, session: null, path: '/oversikt' });
    expect(await screen.findByRole('heading', { name: 'Logg inn i Varde' })).toBeInTheDocument();
  });
});

describe('logging out', () => {
  it('asks before deleting measurements that are not sent, and keeps them on cancel', async () => {
    const client = createFakeOfflineClient({ views: { 'pat-kari': readyView() } });
    client.unsent = 2;
    renderApp({ client, session: session(), path: '/oversikt' });
    await screen.findByRole('region', { name: 'Pasient' });
    await userEvent.click(screen.getByRole('button', { name: 'Logg ut' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('Det finnes målinger som ikke er sendt');
    expect(client.wiped).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Avbryt' }));
    expect(screen.getByRole('region', { name: 'Pasient' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Logg ut' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Logg ut og slett usendte målinger' }));
    expect(client.wiped).toBe(true);
    expect(await screen.findByRole('heading', { name: 'Logg inn i Varde' })).toBeInTheDocument();
    expect(sessionStorage.getItem('varde.session')).toBeNull();
  });
});

describe('minimum version', () => {
  it('refuses to show patient data in a client below the minimum version', async () => {
    const client = createFakeOfflineClient({ views: { 'pat-kari': readyView() } });
    renderApp({
      client,
      session: session(),
      path: '/oversikt',
      blocked: { reason: 'Versjon 0.1.0 er for gammel.' },
    });
    expect(
      await screen.findByRole('heading', { name: 'Denne versjonen av Varde kan ikke brukes' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Kari Testesen')).not.toBeInTheDocument();
  });
});

describe('EHR launch link', () => {
  it('refuses a launch from an unknown FHIR server', async () => {
    const client = createFakeOfflineClient();
    renderApp({ client, session: null, path: '/launch?iss=https%3A%2F%2Fevil.test%2Ffhir&launch=abc' });
    expect(await screen.findByRole('alert')).toHaveTextContent('ukjent FHIR-server');
  });

  it('asks for a new launch when iss or launch is missing', async () => {
    const client = createFakeOfflineClient();
    renderApp({ client, session: null, path: '/launch' });
    expect(await screen.findByRole('alert')).toHaveTextContent('mangler iss eller launch');
  });
});

describe('device PIN', () => {
  it('sets up a PIN on first use and refuses two different ones', async () => {
    const client = createFakeOfflineClient({ views: { 'pat-kari': readyView() }, lock: 'setup-required' });
    renderApp({ client, session: session(), path: '/oversikt' });
    await screen.findByRole('heading', { name: 'Velg PIN-kode for denne enheten' });
    await userEvent.type(screen.getByLabelText('PIN-kode'), '2468');
    await userEvent.type(screen.getByLabelText('Gjenta PIN-kode'), '2469');
    await userEvent.click(screen.getByRole('button', { name: 'Lagre PIN-kode' }));
    expect(screen.getByRole('alert')).toHaveTextContent('PIN-kodene er ikke like.');
    await userEvent.type(screen.getByLabelText('PIN-kode'), '2468');
    await userEvent.type(screen.getByLabelText('Gjenta PIN-kode'), '2468');
    await userEvent.click(screen.getByRole('button', { name: 'Lagre PIN-kode' }));
    expect(await screen.findByRole('region', { name: 'Pasient' })).toHaveTextContent('Kari Testesen');
    expect(client.pin).toBe('2468');
  });
});
