"""`shopper record`: a person walks the site once, and a journey file comes out.

recorder.js reports what the person does in the page; locators.py turns each element into
the locator a person reads best that finds it alone; acknowledgement.py proposes the
`expect_ack` from what appeared after the last submit; personas.py puts `${persona.…}` where
a persona's value was typed; writer.py writes the YAML; recording.py holds the browser.
"""
