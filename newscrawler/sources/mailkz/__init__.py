"""sources/mailkz."""
