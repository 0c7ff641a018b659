import { shape, type SmithyShape } from '../model/index.js';

/**
 * Turns the model's timestamps in an answer (epoch seconds on the awsJson wire, or an ISO
 * string) into Date, as the AWS SDKs do. Other values pass through as parsed.
 */
export function deserializeOutput(outputShape: string, value: unknown): unknown {
  return convert(shape(outputShape), value);
}

function convert(target: SmithyShape | undefined, value: unknown): unknown {
  if (!target || value === null || value === undefined) return value;
  switch (target.type) {
    case 'timestamp':
      return toDate(value);
    case 'structure':
    case 'union': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const member = target.members?.[k];
        out[k] = member ? convert(shape(member.target), v) : v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) && target.member ? value.map((v) => convert(shape(target.member!.target), v)) : value;
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value) || !target.value) return value;
      const valueShape = shape(target.value.target);
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, convert(valueShape, v)]));
    }
    default:
      return value;
  }
}

function toDate(value: unknown): unknown {
  if (typeof value === 'number') return new Date(Math.round(value * 1000));
  if (typeof value === 'string') {
    const n = Number(value);
    const d = Number.isFinite(n) && value.trim() !== '' ? new Date(Math.round(n * 1000)) : new Date(value);
    return Number.isNaN(d.getTime()) ? value : d;
  }
  return value;
}
