"""Site building: MkDocs builds, the plugin, the project lock."""
