"""What deciding an approval request does: each kind mapped to the handler of the capability
that asked for it. It sits above the capabilities (it imports several); ``approvals`` itself
(the queue and the maker–checker rule) imports none of them but ``cases`` and ``teams``."""
