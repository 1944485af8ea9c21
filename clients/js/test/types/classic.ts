// Type-checked, never run: a page that loads the served /streamgate.js with a script tag.
import type {} from '@streamgate/client/global';

const classic = Streamgate.connect({ topics: 'demo.prices' }).on('caught-up', (c) => c.next);
void classic.lastEventId;
// @ts-expect-error: the global has no default export
void Streamgate.default;
