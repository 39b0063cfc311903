from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Nama token"), max_length=100)
    scope = forms.ChoiceField(label=_("Cakupan"), choices=TokenScope.choices, initial=TokenScope.READ)
    expires_at = forms.DateField(
        label=_("Berlaku sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
