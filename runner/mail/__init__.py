"""Mailboxes where a persona's mail is read: an SMTP sink of our own, IMAP, a Maildir."""
