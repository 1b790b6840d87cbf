declare global {
  interface Window {
    /** Where @grafana/ui looks for icons (`build/img/icons/`) and fonts (`fonts/`). */
    __grafana_public_path__?: string;
  }
}

export {};
