"""What this app offers the roles (collected by `portal.roles`): its models, by kind."""

from .models import District, LiteracyIndex, Province, Regency, Village, VillageLibrary

#: Reference data: coordinators look it up (and pick it in forms); only national staff edit it.
REFERENCE_MODELS = (Province, Regency, District, Village, LiteracyIndex)
#: The program's records that coordinators keep for their region.
RECORD_MODELS = (VillageLibrary,)
#: A library operator's own library: they read and edit its profile (the admin limits the fields).
OPERATOR_PROFILE_MODELS = (VillageLibrary,)
#: Records a library operator writes for their own library (none in this app).
OPERATOR_MODELS: tuple = ()
