import type { MedscribeApi } from '../../shared/contract';

declare global {
  interface Window {
    medscribe?: MedscribeApi;
  }
}

declare module '*.css';
declare module '*.ttf' {
  const url: string;
  export default url;
}
