"""Text that every stage shares: bytes to text (`decode`), one normal form and one fold (`normalize`), the
language of a text (`language`). Nothing here knows about articles, indexes or terminals."""
