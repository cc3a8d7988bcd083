"""Customer complaints with a handling clock (《银行保险机构消费投诉处理管理办法》)."""
