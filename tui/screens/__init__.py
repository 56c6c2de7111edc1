"""The console's screens, one module each; the App only routes between them."""
