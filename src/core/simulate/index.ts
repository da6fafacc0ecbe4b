import type { SimulationRequest, SimulationResult } from '../types.js';

/** What Engage would send for one profile under a config. */
export async function simulate(_request: SimulationRequest): Promise<SimulationResult> {
  throw new Error('simulate: not implemented yet');
}
