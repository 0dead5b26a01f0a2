"""The pure core: questionnaires, scoring, trajectories, goals, measurement points, paper files,
vocabularies and the client pages' words. No Flask, no database."""
