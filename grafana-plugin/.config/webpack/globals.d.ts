// Run-time names that only exist inside the webpack bundle (see publicPath.ts).
declare module 'amd-module' {
  const module: { uri?: string } | undefined;
  export default module;
}
declare let __webpack_public_path__: string;
declare const PLUGIN_ID: string;
