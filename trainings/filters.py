"""The public event list's filter form: every URL parameter validated, never a 500."""

from programs.filters import CycleProvinceFilterForm


class EventFilterForm(CycleProvinceFilterForm):
    def filters(self) -> dict:
        data = self.valid_data()
        return {"year": data.get("cycle"), "province": data.get("province")}
