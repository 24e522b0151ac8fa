// Every route fuzzed on PostgreSQL (./every-route.ts); the other database has a file of its own.
import { fuzzEveryRoute } from './every-route.js';

fuzzEveryRoute('postgres');
