from django.urls import path

from . import views

app_name = "ckan"
urlpatterns = [
    path("3/action/<str:name>", views.action, name="action"),
    path("action/<str:name>", views.action, name="action-latest"),
]
