"""Translated from import_pfx.ps1 by pwshim convert."""

from pwshim.api import get_credential
from pwshim.translate import rt

StoreName = rt.dotnet_type("System.Security.Cryptography.X509Certificates.StoreName")
StoreLocation = rt.dotnet_type("System.Security.Cryptography.X509Certificates.StoreLocation")
X509Store = rt.dotnet_type("System.Security.Cryptography.X509Certificates.X509Store")
X509KeyStorageFlags = rt.dotnet_type("System.Security.Cryptography.X509Certificates.X509KeyStorageFlags")
X509Certificate2 = rt.dotnet_type("System.Security.Cryptography.X509Certificates.X509Certificate2")
OpenFlags = rt.dotnet_type("System.Security.Cryptography.X509Certificates.OpenFlags")

# Import a PFX
store_name = StoreName.My
store_location = StoreLocation.CurrentUser
store = X509Store(store_name, store_location)
cert_path = "./cert.pfx"
credentials = get_credential(message="Provide PFX private key password")
flag = X509KeyStorageFlags.Exportable
certificate = X509Certificate2(cert_path, credentials.password, flag)
store.open(OpenFlags.ReadWrite)
store.add(certificate)
store.close()
