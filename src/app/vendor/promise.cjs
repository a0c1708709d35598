// The ZAF SDK falls back to a bundled Promise polyfill (`window.Promise || require(…)`); every
// browser the app targets (es2022) has Promise, so the fallback is the browser's own and the
// polyfill's 3.5 KB stay out of the sidebar's first load.
module.exports = globalThis.Promise;
