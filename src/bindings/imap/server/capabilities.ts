/**
 * The capabilities the reference server offers, which of them can be switched off, and
 * what switching one off implies for the others (QRESYNC needs CONDSTORE and ENABLE;
 * LIST-STATUS rides on the LIST-EXTENDED syntax). COMPRESS is never offered.
 */

export const BASE_CAPABILITY = 'IMAP4rev1';

/** In the order they are advertised. */
export const OPTIONAL_CAPABILITIES = [
  'LITERAL+',
  'SASL-IR',
  'ID',
  'ENABLE',
  'IDLE',
  'AUTH=PLAIN',
  'AUTH=LOGIN',
  'NAMESPACE',
  'UNSELECT',
  'UIDPLUS',
  'MULTIAPPEND',
  'CHILDREN',
  'LIST-EXTENDED',
  'LIST-STATUS',
  'CONDSTORE',
  'QRESYNC',
  'ESEARCH',
  'MOVE',
  'NOTIFY',
  'METADATA',
  'OBJECTID',
] as const;

/** Offered before login too (the rest only after). */
const BEFORE_LOGIN = new Set([
  'LITERAL+',
  'SASL-IR',
  'ID',
  'ENABLE',
  'IDLE',
  'AUTH=PLAIN',
  'AUTH=LOGIN',
]);

/** Only meaningful before login. */
const LOGIN_ONLY = new Set(['AUTH=PLAIN', 'AUTH=LOGIN', 'SASL-IR']);

const REQUIRES: Record<string, string[]> = {
  QRESYNC: ['CONDSTORE', 'ENABLE'],
  'LIST-STATUS': ['LIST-EXTENDED'],
};

export class CapabilitySet {
  private readonly on: Set<string>;

  constructor(disabled: Iterable<string> = []) {
    const off = new Set<string>();
    for (const name of disabled) {
      const upper = name.toUpperCase();
      if (!(OPTIONAL_CAPABILITIES as readonly string[]).includes(upper)) {
        throw new Error(
          `unknown or mandatory capability "${name}"; can be switched off: ${OPTIONAL_CAPABILITIES.join(', ')}`,
        );
      }
      off.add(upper);
    }
    this.on = new Set(OPTIONAL_CAPABILITIES.filter((c) => !off.has(c)));
    for (const [capability, needs] of Object.entries(REQUIRES)) {
      if (needs.some((n) => !this.on.has(n))) this.on.delete(capability);
    }
  }

  has(name: string): boolean {
    return this.on.has(name.toUpperCase());
  }

  list(authenticated: boolean): string[] {
    const names = OPTIONAL_CAPABILITIES.filter(
      (c) => this.on.has(c) && (authenticated ? !LOGIN_ONLY.has(c) : BEFORE_LOGIN.has(c)),
    );
    return [BASE_CAPABILITY, ...names];
  }
}
