"""The official place list as `matching` sees it, built straight from the `vietnamese-provinces`
package (what `load_places` loads): 34 provinces and 3,321 communes, no database."""

import pytest
from vietnam_provinces import Province as PackageProvince
from vietnam_provinces import Ward as PackageWard

from courses.enrolment_import import matching
from home.models import Province


@pytest.fixture(scope="session")
def places() -> matching.PlaceIndex:
    index = matching.PlaceIndex()
    for province in PackageProvince.iter_all():
        kind = Province.Kind.CITY if province.name.startswith("Thành phố") else ""
        full_name = Province(name=province.name, kind=kind).full_name
        index.add_province(
            pk=province.code.value,
            code=f"{province.code.value:02d}",
            name=province.name,
            full_name=full_name,
        )
    for ward in PackageWard.iter_all():
        index.add_commune(
            pk=ward.code.value,
            code=f"{ward.code.value:05d}",
            name=ward.name,
            province_id=ward.province_code.value,
        )
    return index
