from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/<slug:slug>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<slug:slug>/files/<int:pk>/", views.ReportFileView.as_view(), name="report-file"),
    path("delegations/<slug:slug>/", views.DelegationDetailView.as_view(), name="delegation-detail"),
]
