// The platform's ingest hooks, in one place: what it derives in the same transaction as a
// write. NEWS2 for every complete vital-signs set (./news2Derivation.ts), and the ended
// version of a Scale 2 decision when an end record arrives (./scale2Derivation.ts).
import { chainIngestHooks } from '../events/hooks';
import { news2OnIngest } from './news2Derivation';
import { scale2EndOnIngest } from './scale2Derivation';

export const platformIngest = chainIngestHooks(news2OnIngest, scale2EndOnIngest);
