"""Page-level reads: each brings together queries, the questionnaires and the pure domain and
reporting into what one page or file shows. No Flask."""
