// Loaded first by `npm run test:unit` (mocha --require): marks the run as the unit run (unit-run.ts).
import { UNIT_RUN_ENV } from './unit-run';

process.env[UNIT_RUN_ENV] = '1';
