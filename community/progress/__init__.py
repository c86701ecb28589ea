"""Progress: modules a member marked done, the portfolio of their reflection-task answers (Markdown,
PDF), and the consented-answers export for researchers. Depends on discussion and accounts."""
