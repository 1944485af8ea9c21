// The served classic script, /streamgate.js, defines one global: Streamgate. For a page that
// loads it with a <script> tag and is type-checked: import type {} from '@streamgate/client/global'
// (or /// <reference types="@streamgate/client/global" /> where the package is installed).
import * as client from './index.js';

declare global {
  const Streamgate: typeof client;
}
