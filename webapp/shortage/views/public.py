"""The catalogues in force and each catalogue's page and sheet: public, as the bureau publishes them."""

from flask import Response, abort, render_template

from webapp.exports import xlsx_bytes
from webapp.public import bp
from webapp.reference import region_name
from webapp.security import public
from webapp.shortage import services
from webapp.shortage.listing import SHORTAGE, current_catalogues
from webapp.shortage.quarters import Quarter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/shortage")
@public
def shortage_catalogues():
    return render_template(
        "public/shortage_list.html", in_force=current_catalogues(), region_name=region_name, Quarter=Quarter
    )


def _found(catalogue_id: int):
    catalogue = services.catalogue(catalogue_id)
    if catalogue is None:
        abort(404)
    return catalogue


@bp.get("/shortage/<int:catalogue_id>")
@public
def shortage_catalogue(catalogue_id: int):
    catalogue = _found(catalogue_id)
    return render_template(
        "public/shortage.html",
        catalogue=catalogue,
        quarter=Quarter.parse(catalogue.quarter),
        region_label=region_name(catalogue.region),
        facet_value=SHORTAGE,
    )


@bp.get("/shortage/<int:catalogue_id>.xlsx")
@public
def shortage_catalogue_export(catalogue_id: int):
    catalogue = _found(catalogue_id)
    data = xlsx_bytes(services.catalogue_sheet(catalogue), "急需紧缺职业目录")
    filename = f"shortage-{catalogue.region}-{catalogue.quarter}.xlsx"
    return Response(data, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={filename}"})
