"""Operations: backup and restore archives, and the retention schedule (DESIGN §5, §9)."""
