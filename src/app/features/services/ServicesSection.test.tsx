import '../../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MunicipalService } from '../../../core/services/types';
import { NOW, homeNursing } from '../../testing/fixtures';
import { ServicesSection } from './ServicesSection';

const fetchedAt = '2026-11-25T08:55:00Z';

describe('Kommunale tjenester', () => {
  it('shows each service with type, local name, dates, hours, place and day and after-hours phones', () => {
    render(
      <ServicesSection section={{ kind: 'ready', data: [homeNursing], fetchedAt, stale: false }} now={NOW} />,
    );
    const section = screen.getByRole('region', { name: 'Kommunale tjenester' });
    expect(within(section).getByRole('heading', { name: /Helsetjenester i hjemmet/ })).toHaveTextContent(
      'IPLOS 15',
    );
    expect(section).toHaveTextContent('Hjemmesykepleie sone Nord');
    expect(section).toHaveTextContent('Aktiv');
    expect(section).toHaveTextContent('03.02.2025');
    expect(section).toHaveTextContent('03.02.2026');
    expect(section).toHaveTextContent('7,5 t');
    expect(within(section).getByRole('link', { name: '55 11 22 33' })).toHaveAttribute(
      'href',
      'tel:55112233',
    );
    expect(within(section).getByRole('link', { name: '55 99 88 77' })).toHaveAttribute(
      'href',
      'tel:55998877',
    );
    expect(section).toHaveTextContent('Oppdatert 25.11.2026 kl. 09:55');
    expect(section).toHaveTextContent('Kilde: Gerica');
  });

  it('words an empty covered list as none registered since go-live', () => {
    render(
      <ServicesSection
        section={{ kind: 'none-since', since: '2025-01-15', fetchedAt, stale: false }}
        now={NOW}
      />,
    );
    expect(screen.getByText('Ingen registrerte tjenester i PLO siden 15.01.2025')).toBeInTheDocument();
  });

  it('names the source of an empty list that states no coverage, apart from unavailable', () => {
    render(
      <ServicesSection
        section={{ kind: 'ready', data: [], fetchedAt, stale: false }}
        now={NOW}
        source="Testjournal"
      />,
    );
    expect(screen.getByText('Ingen tjenester registrert i kilden (Testjournal)')).toBeInTheDocument();
    expect(screen.queryByText(/ikke tilgjengelig/i)).not.toBeInTheDocument();
    expect(screen.queryByText(/i PLO siden/)).not.toBeInTheDocument();
  });

  it('says when the patient is outside coverage', () => {
    render(<ServicesSection section={{ kind: 'not-covered', fetchedAt }} now={NOW} />);
    expect(screen.getByText('Pasienten er ikke registrert i kommunens PLO-system')).toBeInTheDocument();
    expect(screen.queryByText(/Ingen registrerte tjenester/)).not.toBeInTheDocument();
  });

  it('keeps access denied apart from no data', () => {
    render(<ServicesSection section={{ kind: 'denied', reason: 'Mangler tjenstlig behov' }} now={NOW} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Ingen tilgang');
    expect(screen.getByRole('alert')).toHaveTextContent('Mangler tjenstlig behov');
    expect(screen.queryByText(/Ingen registrerte/)).not.toBeInTheDocument();
  });

  it('warns for an unavailable source and shows cached data with its age', () => {
    render(
      <ServicesSection
        section={{
          kind: 'unavailable',
          reason: 'PLO-systemet svarer ikke',
          cached: { data: [homeNursing], fetchedAt: '2026-11-24T09:00:00Z' },
        }}
        now={NOW}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Kilden er ikke tilgjengelig');
    expect(
      screen.getByText(/Bufret data fra 24.11.2026 kl. 10:00 \(for 24 timer siden\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('Hjemmesykepleie sone Nord')).toBeInTheDocument();
  });

  it('warns for an unavailable source without cache, never an empty list', () => {
    render(<ServicesSection section={{ kind: 'unavailable', reason: 'Tidsavbrudd' }} now={NOW} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Kilden er ikke tilgjengelig');
    expect(screen.getByText('Ingen bufrede data på enheten.')).toBeInTheDocument();
  });

  it('flags stale data', () => {
    render(
      <ServicesSection
        section={{ kind: 'ready', data: [homeNursing], fetchedAt: '2026-11-20T08:00:00Z', stale: true }}
        now={NOW}
      />,
    );
    expect(screen.getByText(/Kan være utdatert/)).toBeInTheDocument();
  });

  it('shows loading as busy', () => {
    render(<ServicesSection section={{ kind: 'loading' }} now={NOW} />);
    expect(screen.getByRole('region', { name: 'Kommunale tjenester' })).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByText('Henter tjenester …')).toBeInTheDocument();
  });

  it('reads a missing after-hours phone as unknown', () => {
    const noEvening = { ...homeNursing, location: { name: 'Dagsenteret', phone: '55000000' } };
    render(
      <ServicesSection section={{ kind: 'ready', data: [noEvening], fetchedAt, stale: false }} now={NOW} />,
    );
    const row = screen.getByText('Telefon etter arbeidstid').parentElement;
    expect(row).toHaveTextContent('ukjent');
  });

  const alarm: MunicipalService = {
    id: 'eoc-2',
    typeCode: '6',
    typeDisplay: 'Trygghetsalarm',
    status: 'active',
    start: '2025-05-01',
    location: { name: 'Responssenteret', phone: '55001122', afterHoursPhone: '55001133' },
  };
  const help: MunicipalService = {
    id: 'eoc-3',
    typeCode: '1',
    typeDisplay: 'Praktisk bistand – daglige gjøremål',
    localName: 'Praktisk bistand Årstad',
    status: 'active',
    hoursPerWeek: 12,
  };

  it('on a desktop: one table row per service, home nursing first, then by hours, phones as links', () => {
    render(
      <ServicesSection
        section={{ kind: 'ready', data: [alarm, help, homeNursing], fetchedAt, stale: false }}
        now={NOW}
        layout="table"
      />,
    );
    const table = screen.getByRole('table', { name: /Kommunale tjenester/ });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Tjeneste',
      'Status',
      'Timer per uke',
      'Tjenestested',
      'Telefon dagtid',
      'Telefon etter arbeidstid',
      'Start',
      'Revurdering',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      expect.stringContaining('Helsetjenester i hjemmet (IPLOS 15)Hjemmesykepleie sone Nord'),
      expect.stringContaining('Praktisk bistand – daglige gjøremål (IPLOS 1)Praktisk bistand Årstad'),
      expect.stringContaining('Trygghetsalarm (IPLOS 6)'),
    ]);
    const first = rows[0] as HTMLElement;
    expect(within(first).getByRole('link', { name: '55 11 22 33' })).toHaveAttribute('href', 'tel:55112233');
    expect(within(first).getByRole('link', { name: '55 99 88 77' })).toHaveAttribute('href', 'tel:55998877');
    expect(first).toHaveTextContent('7,5 t');
    // The fixture's review date 03.02.2026 lies before NOW (25.11.2026): flagged in words.
    expect(within(first).getByText('(passert)')).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('ikke oppgitt');
    expect(rows[2]).toHaveTextContent('ikke satt');
  });

  it('on a tablet: cards in the same order, a passed review flagged', () => {
    render(
      <ServicesSection
        section={{ kind: 'ready', data: [alarm, help, homeNursing], fetchedAt, stale: false }}
        now={NOW}
      />,
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Helsetjenester i hjemmet (IPLOS 15)',
      'Praktisk bistand – daglige gjøremål (IPLOS 1)',
      'Trygghetsalarm (IPLOS 6)',
    ]);
    expect(screen.getByText('(passert)')).toBeInTheDocument();
  });
});
