"""The BPS metadata fields (MS-Ind / MS-Var for indicators, MS-Keg for activities) that have no column of
their own: kept in the model's `metadata` JSON under these keys, shown as labelled fields in the forms.
Keys a file or an older version wrote that are not listed here are kept as they are."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

INDICATOR_FIELDS = (
    ("alias", _("Alias")),
    ("interpretasi", _("Interpretasi")),
    ("rumus", _("Metode/rumus perhitungan")),
    ("ukuran", _("Ukuran")),
    ("klasifikasi_penyajian", _("Klasifikasi penyajian")),
    ("indikator_pembangun", _("Indikator/variabel pembangun")),
    ("level_estimasi", _("Level estimasi")),
    ("referensi_waktu", _("Referensi waktu")),
    ("aturan_validasi", _("Aturan validasi")),
    ("kalimat_pertanyaan", _("Kalimat pertanyaan")),
)
# "aggregasi": may kab/kota values be summed into the province (catalog.selectors.aggregatable).
AGGREGATION_CHOICES = (
    ("", _("Otomatis (bilangan bulat dan bukan persentase)")),
    ("jumlah", _("Boleh dijumlahkan")),
    ("tidak", _("Tidak boleh dijumlahkan")),
)
ACTIVITY_FIELDS = (
    ("latar_belakang", _("Latar belakang")),
    ("tujuan", _("Tujuan kegiatan")),
    ("jadwal", _("Jadwal kegiatan")),
    ("cakupan_wilayah", _("Cakupan wilayah")),
    ("unit_observasi", _("Unit observasi")),
    ("metode_pengumpulan", _("Metode pengumpulan data")),
    ("sarana_pengumpulan", _("Sarana pengumpulan data")),
    ("diseminasi", _("Rencana diseminasi")),
)
