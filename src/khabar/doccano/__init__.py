"""The doccano bridge: run the server, push articles with pre-annotations, pull annotators' labels as gold."""
