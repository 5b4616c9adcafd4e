/** A municipal service (tjeneste) as shown to clinicians. See DOMAIN.md section 3. */
export type ServiceStatus = 'active' | 'onhold' | 'finished' | 'planned' | 'cancelled' | 'unknown';

export interface ServiceContact {
  name: string;
  /** Daytime phone. */
  phone?: string;
  /** After-hours phone (what the legevakt asks for most). */
  afterHoursPhone?: string;
  address?: string;
}

export interface MunicipalService {
  id: string; // EpisodeOfCare id
  /** Volven 9151 (IPLOS) code and its national display text. */
  typeCode: string;
  typeDisplay: string;
  /** The municipality's own name for the service, e.g. "Hjemmesykepleie sone Nord". */
  localName?: string;
  status: ServiceStatus;
  start?: string; // ISO date
  reviewDate?: string; // revurderingsdato
  end?: string;
  hoursPerWeek?: number;
  location?: ServiceContact;
  sourceSystem?: string;
  recordedAt?: string;
  receivedAt?: string;
}
