/** Masks run-dependent times in rendered reports before comparing with golden files. */

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?/g;

export function maskTimes(text: string): string {
  return text
    .replace(ISO_TIME, '<TIME>')
    .replace(/"durationMs": -?\d+(?:\.\d+)?/g, '"durationMs": <MS>')
    .replace(/"(duration|start|stop)": -?\d+/g, '"$1": <MS>')
    .replace(/ time="[^"]*"/g, ' time="<S>"')
    .replace(/<span class="dur">[^<]*<\/span>/g, '<span class="dur"><DUR></span>')
    .replace(/ took [^\n]*/g, ' took <DUR>');
}
