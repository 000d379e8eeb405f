# An opt-out is imported by its id (a UUID), as the bestsms_optouts data
# source and terraform query report it.
terraform import bestsms_optout.pager_0009 6f0a2c4e-3b1d-4e8f-9a7c-1d2e3f4a5b6c
