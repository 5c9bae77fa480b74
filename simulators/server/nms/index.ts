/** The reference NMS store (simulator): listener, in-process front end, backend, mutants. */
export { startNmsServer, type NmsServerOptions, type RunningNmsServer } from './nms-server.ts';
export { createNmsFrontEnd, type NmsFrontEnd, type NmsFrontEndOptions } from './nms-front-end.ts';
export { SimulatorBackend, type UserAccount } from './simulator-backend.ts';
export { NMS_MUTANTS, NMS_MUTANT_NAMES, nmsMutantByName, type NmsMutantInfo } from './mutants.ts';
