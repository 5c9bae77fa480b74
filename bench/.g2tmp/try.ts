import { connectFlood } from '../hostile-connections.ts';
console.log('start');
console.log(await connectFlood(2000, 511));
