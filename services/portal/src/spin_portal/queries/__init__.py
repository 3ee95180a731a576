"""The portal's read side: what its pages read from the read model, as rows and plain values."""
