// Filled in by its issue; see bookingRules.js.
