"""Collections engine: ageing, KPIs, worklist, promises, disputes, dunning, compliance."""
