"""Small pieces shared by every app: typed errors and CSV reading. No models, no views."""
