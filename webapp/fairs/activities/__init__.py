"""The "10+N" activity calendar as data: one TOML file per year (see brands_<year>.toml)."""
