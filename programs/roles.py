"""What this app offers the roles (collected by `portal.roles`): its models, by kind."""

from .models import Beneficiary, Institution, Official, Program, ProgramCycle

REFERENCE_MODELS = (Institution, Official, Program, ProgramCycle)
RECORD_MODELS = (Beneficiary,)
